import streamlit as st

st.title("dispersal")

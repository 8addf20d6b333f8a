import streamlit as st

st.title("remoteness")
